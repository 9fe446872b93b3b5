package io.github.forwarder;

/** Settings that could never take effect: the forwarder refuses to start and says which, without a stack trace. */
public class InvalidSettingsException extends IllegalArgumentException {

    public InvalidSettingsException(String message) {
        super(message);
    }
}
