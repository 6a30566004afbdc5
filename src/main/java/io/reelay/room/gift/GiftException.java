package io.reelay.room.gift;

/**
 * A gift or balance operation refused for a reason the client should see. {@link #code} is one of
 * the room protocol's error codes, so the room can pass it on unchanged.
 */
public final class GiftException extends RuntimeException {

  public static final String BAD_REQUEST = "bad_request";
  public static final String UNKNOWN_GIFT = "unknown_gift";
  public static final String NO_RECEIVER = "no_receiver";
  public static final String INSUFFICIENT_BALANCE = "insufficient_balance";
  public static final String NOT_FOUND = "not_found";

  private final String code;

  public GiftException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
