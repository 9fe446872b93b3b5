package io.github.forwarder.support;

/** Production routes plus src/test/routes, where test routes stand in for a user's own routes. */
public final class TestRoutes {

    public static final String INCLUDE_PATTERN = "file:routes/*.camel.yaml,file:src/test/routes/*.camel.yaml";

    private TestRoutes() {
    }
}
