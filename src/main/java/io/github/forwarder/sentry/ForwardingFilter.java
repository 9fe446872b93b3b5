package io.github.forwarder.sentry;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Sentry's rule for what its Segment forwarder sends: error events with a user id, here also narrowed by the
 * configured exception types. Returns the reason an event is not forwarded, or null when it is.
 */
public final class ForwardingFilter {

    public static final String NOT_AN_ERROR = "not-an-error";
    public static final String NO_USER_ID = "no-user-id";
    public static final String TYPE_NOT_INCLUDED = "exception-type-not-included";
    public static final String TYPE_EXCLUDED = "exception-type-excluded";
    public static final String PROJECT_DISABLED = "project-disabled";
    /** Decided by the intake: a Sentry webhook resource that carries no event (installation, issue, ...). */
    public static final String UNSUPPORTED_RESOURCE = "unsupported-resource";

    /** Types Sentry keeps when set explicitly; "error" and "default" are decided by the exceptions instead. */
    private static final Set<String> TYPES_DECIDED_BY_EXCEPTIONS = Set.of("error", "default");

    private final Set<String> includeTypes;
    private final Set<String> excludeTypes;
    private final Predicate<SentryProject> projectEnabled;

    /** Comma lists of exception types (an empty include list means all types), and which projects forward. */
    public ForwardingFilter(String includeTypes, String excludeTypes, Predicate<SentryProject> projectEnabled) {
        this.includeTypes = commaList(includeTypes);
        this.excludeTypes = commaList(excludeTypes);
        this.projectEnabled = projectEnabled;
    }

    public String reasonToSkip(SentryEvent event) {
        if (!projectEnabled.test(event.project())) {
            return PROJECT_DISABLED;
        }
        if (event.type() != null && !TYPES_DECIDED_BY_EXCEPTIONS.contains(event.type())) {
            return NOT_AN_ERROR;
        }
        if (event.exceptionCount() == 0) {
            return NOT_AN_ERROR;
        }
        if (event.userId() == null || event.userId().isBlank()) {
            return NO_USER_ID;
        }
        String type = event.exceptionType() == null ? "" : event.exceptionType();
        if (!includeTypes.isEmpty() && !includeTypes.contains(type)) {
            return TYPE_NOT_INCLUDED;
        }
        if (excludeTypes.contains(type)) {
            return TYPE_EXCLUDED;
        }
        return null;
    }

    private static Set<String> commaList(String list) {
        return list == null ? Set.of() : Arrays.stream(list.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
