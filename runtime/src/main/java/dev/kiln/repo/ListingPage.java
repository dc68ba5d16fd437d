package dev.kiln.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The page a browser gets at a served repo's root: its packages as a plain HTML table. */
final class ListingPage {
  private ListingPage() {}

  static byte[] render(Path repo) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>kiln repo</title>"
        + "</head>\n<body>\n<h1>kiln repo</h1>\n");
    try {
      RepoIndex index = Publisher.read(repo);
      html.append("<p>").append(index.size()).append(" package").append(index.size() == 1 ? "" : "s")
          .append(". Index: <a href=\"Packages\">Packages</a>");
      if (Files.isRegularFile(repo.resolve(IndexSignature.FILE))) {
        html.append(" (signed: <a href=\"Packages.sig\">Packages.sig</a>)");
      }
      html.append("</p>\n<table>\n<tr><th>name</th><th>version</th><th>size</th><th>hash</th></tr>\n");
      for (IndexEntry e : index.entries()) {
        html.append("<tr><td><a href=\"").append(escape(e.filename())).append("\">").append(escape(e.info().name()))
            .append("</a></td><td>").append(escape(e.info().version())).append("</td><td>").append(e.size())
            .append("</td><td><code>").append(e.info().hash().hex()).append("</code></td></tr>\n");
      }
      html.append("</table>\n");
    } catch (IOException e) {
      html.append("<p>The index cannot be read: ").append(escape(e.getMessage())).append("</p>\n");
    }
    return html.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
