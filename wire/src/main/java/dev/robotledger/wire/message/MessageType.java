package dev.robotledger.wire.message;

/** What an envelope carries. Telemetry travels in sealed windows; the others are production events. */
public enum MessageType {
    TELEMETRY_WINDOW,
    COMPONENT_PRODUCED,
    ASSEMBLED,
    QUALITY_CHECK;

    public boolean isProductionEvent() {
        return this != TELEMETRY_WINDOW;
    }
}
