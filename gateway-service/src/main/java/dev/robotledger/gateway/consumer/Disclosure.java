package dev.robotledger.gateway.consumer;

/**
 * What a product's public page may show, each item by the manufacturer's choice
 * ({@code gateway.consumer.disclose}). Its identity and whether it is recalled are always shown:
 * a recall is safety information, never withheld from the people who hold the product.
 */
public enum Disclosure {
    /** The robot and the line that made it. */
    MADE_BY,
    /** The site where it was made. */
    SITE,
    /** When it was made. */
    PRODUCED_AT,
    /** Its quality checks and their results. */
    CHECKS,
    /** The energy used to make it and its parts, summed over its component tree. */
    ENERGY,
    /** The ledger transaction that recorded it and the ledger height the page reflects. */
    LEDGER
}
