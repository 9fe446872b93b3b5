package com.example.host;

import org.apache.camel.main.Main;

/** The host: a plain Camel Main application; application.properties adds the forwarder beside its routes. */
public final class HostApplication {

    private HostApplication() {
    }

    public static void main(String[] args) throws Exception {
        new Main(HostApplication.class).run(args);
    }
}
