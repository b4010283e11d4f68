package dev.stimulus.workflows.conductor;

/** Conductor could not be reached or refused a request; the message names the URL and what to do. */
public final class ConductorException extends RuntimeException {
  public ConductorException(String message) {
    super(message);
  }

  public ConductorException(String message, Throwable cause) {
    super(message, cause);
  }
}
