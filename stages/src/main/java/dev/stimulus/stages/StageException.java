package dev.stimulus.stages;

/**
 * A problem with a stage's input data or parameters, caused by the user, not a bug: the message names
 * what was expected and what was found and is shown as is, without a stack trace.
 */
public class StageException extends RuntimeException {
  public StageException(String message) {
    super(message);
  }

  public StageException(String message, Throwable cause) {
    super(message, cause);
  }
}
