package dev.kiln.dsl;

import org.jruby.Ruby;
import org.jruby.RubyArray;
import org.jruby.RubyFixnum;
import org.jruby.RubyModule;
import org.jruby.internal.runtime.methods.JavaMethod;
import org.jruby.runtime.ThreadContext;
import org.jruby.runtime.Visibility;
import org.jruby.runtime.backtrace.BacktraceElement;
import org.jruby.runtime.builtin.IRubyObject;

/**
 * {@code Kiln::Recording.location}: the recipe file and line that called into the DSL, as
 * {@code [path, line]}. Ruby's {@code caller_locations} walks the whole Java stack (about 50 µs a
 * call, a second or more for a recipe of thousands of packages); the interpreter's own frame list
 * holds the same answer and costs nothing to read.
 */
final class CallerLocation extends JavaMethod.JavaMethodZero {
  private static final String DSL_FILES = "uri:classloader:";

  private CallerLocation(RubyModule owner) {
    super(owner, Visibility.PUBLIC, "location");
  }

  static void install(Ruby runtime) {
    RubyModule recording = (RubyModule) runtime.getModule("Kiln").getConstant("Recording");
    RubyModule singleton = recording.getSingletonClass();
    singleton.addMethod("location", new CallerLocation(singleton));
  }

  @Override
  public IRubyObject call(ThreadContext context, IRubyObject self, RubyModule clazz, String name) {
    Ruby runtime = context.runtime;
    BacktraceElement frame = context.getBacktrace()
        .filter(e -> e.filename != null && !e.filename.startsWith(DSL_FILES) && !e.filename.isEmpty())
        .findFirst().orElse(null);
    if (frame == null) {
      return RubyArray.newArray(runtime, runtime.getNil(), RubyFixnum.zero(runtime));
    }
    // The interpreter counts lines from 0.
    return RubyArray.newArray(runtime, runtime.newString(frame.filename), RubyFixnum.newFixnum(runtime, frame.line + 1));
  }
}
