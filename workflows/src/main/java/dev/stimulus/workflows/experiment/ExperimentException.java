package dev.stimulus.workflows.experiment;

/**
 * A problem with an experiment file, caused by the user: the message names the file, the line and
 * column where the parser knows them, the field path, and what was expected and found. Shown as is,
 * without a stack trace.
 */
public class ExperimentException extends RuntimeException {

  public ExperimentException(String message) {
    super(message);
  }

  public ExperimentException(String message, Throwable cause) {
    super(message, cause);
  }
}
