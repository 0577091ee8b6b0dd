package io.dashinsights.contract;

/** Input we refuse; answered with {@code status} and a message naming the field. Nothing is changed. */
public class BadInputException extends RuntimeException {

    private final int status;
    private final String field;

    public BadInputException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static BadInputException badRequest(String field, String message) {
        return new BadInputException(400, field, message);
    }

    public static BadInputException notFound(String field, String message) {
        return new BadInputException(404, field, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
