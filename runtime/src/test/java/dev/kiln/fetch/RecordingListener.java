package dev.kiln.fetch;

import dev.kiln.model.Source;
import java.util.ArrayList;
import java.util.List;

/** Keeps every listener call as a line, e.g. "fetching http://…" or "progress 1048576/3145728". */
final class RecordingListener implements FetchListener {
  private final List<String> events = new ArrayList<>();

  @Override
  public synchronized void fetching(Source source, String from) {
    events.add("fetching " + from);
  }

  @Override
  public synchronized void progress(Source source, long bytes, long totalOrMinusOne) {
    events.add("progress " + bytes + "/" + totalOrMinusOne);
  }

  @Override
  public synchronized void fetched(Source source, String from) {
    events.add("fetched " + from);
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }
}
