package io.github.forwarder.sentry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Tells an IP address (v4 dotted quad or v6) from anything else in {@code user.ip_address}: Sentry's scrubbing leaves
 * "[censored] ...", some SDKs send a hex digest, and Segment wants an address or nothing. Never a DNS look-up.
 */
final class IpAddresses {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern V4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern V6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    static boolean isAddress(String text) {
        if (V4.matcher(text).matches()) {
            return true;
        }
        if (text.indexOf(':') < 0 || !V6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        try {
            // With a ':' the JDK parses the text as an IPv6 literal (refusing a bad one) and never looks it up.
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
