package org.laionfmri.mirror.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What each principal's identity policies allow, one action on one resource pattern of one statement at a
 * time, and whether a set of allowed checks used it: a grant no check used is one the stack could do without,
 * unless something no check can show needs it.
 */
final class GrantedStatements {

    /** One action on one resource (an ARN, perhaps with wildcards) of an Allow statement of a principal's identity policy. */
    record Grant(String principal, String caller, IamOutcome.Grant statement, String action, String resource) {

        /** Whether {@code outcome} was allowed by this grant's statement for this action on a resource its pattern names. */
        boolean usedBy(IamOutcome outcome) {
            return outcome.allowed() && principal.equals(outcome.check().principal()) && outcome.grants().contains(statement)
                    && glob(action).matcher(outcome.check().action().toLowerCase(Locale.ROOT)).matches()
                    && glob(resource).matcher(outcome.check().resource()).matches();
        }

        String line() {
            return caller + ": " + action + " on " + resource + " (" + statement.policy() + " statement #" + statement.statement() + ")";
        }
    }

    private GrantedStatements() {}

    /** The grants of {@code principals}' identity policies, each principal by the caller it acts for. */
    static List<Grant> of(AccessPolicies policies, Map<String, String> principalsByCaller) {
        List<Grant> grants = new ArrayList<>();
        principalsByCaller.forEach((caller, principal) -> {
            for (AccessPolicies.NamedPolicy policy : policies.identityPolicies(principal)) {
                int index = 0;
                for (JsonNode statement : policy.document().path("Statement")) {
                    index++;
                    if (!statement.path("Effect").asText().equals("Allow")) {
                        continue;
                    }
                    for (String action : strings(statement.path("Action"))) {
                        for (String resource : strings(statement.path("Resource"))) {
                            grants.add(new Grant(principal, caller, new IamOutcome.Grant(policy.name(), index), action.toLowerCase(Locale.ROOT), resource));
                        }
                    }
                }
            }
        });
        return grants;
    }

    /** The grants no outcome used. */
    static List<Grant> unused(List<Grant> grants, Collection<IamOutcome> outcomes) {
        return grants.stream().filter(grant -> outcomes.stream().noneMatch(grant::usedBy)).toList();
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    /** An IAM wildcard pattern ({@code *} any run, {@code ?} one character) as a regular expression. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
