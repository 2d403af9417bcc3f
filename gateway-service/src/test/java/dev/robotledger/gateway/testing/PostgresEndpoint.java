package dev.robotledger.gateway.testing;

/** A PostgreSQL server the tests reach over TCP: a process of their own or a container. */
public interface PostgresEndpoint {

    String jdbcUrl();

    String username();
}
