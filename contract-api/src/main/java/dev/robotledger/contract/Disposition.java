package dev.robotledger.contract;

/** An operator's decision on a quarantined good (DisposeQuarantined). */
public enum Disposition {
    /** The good is fit after all: it becomes ACTIVE again and takes checks, custody and assembly. */
    RELEASE,
    /** The good is destroyed: SCRAPPED for good, never consumed, moved or pledged again. */
    SCRAP
}
