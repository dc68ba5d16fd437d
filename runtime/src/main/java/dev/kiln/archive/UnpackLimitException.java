package dev.kiln.archive;

import dev.kiln.model.UnpackLimits;
import java.io.IOException;

/**
 * An archive that would expand past one of its {@link UnpackLimits}. Thrown before the byte that passes the cap is
 * written; what came before stays in the target, which the caller removes.
 */
public final class UnpackLimitException extends IOException {
  private static final long serialVersionUID = 1L;

  UnpackLimitException(String message) {
    super(message);
  }
}
