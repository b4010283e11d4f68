package dev.stimulus.core;

/** A store failure: the message says what, where, and what to do about it. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
