package org.laionfmri.mirror.infra.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates {@link IamCheck}s with iam-simulate against the {@link AccessPolicies} that govern them: the
 * principal's identity policies and the resource's policy, same-account or cross-account as AWS
 * decides. All checks go to one node process.
 */
final class IamSimulator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccessPolicies policies;

    IamSimulator(AccessPolicies policies) {
        this.policies = policies;
    }

    /** The outcomes, in the order of {@code checks}. */
    List<IamOutcome> evaluate(List<IamCheck> checks) {
        ArrayNode requests = JSON.createArrayNode();
        for (int id = 0; id < checks.size(); id++) {
            requests.addObject().put("id", id).set("simulation", simulation(checks.get(id)));
        }
        try {
            JsonNode results = JSON.readTree(NodeTools.run("simulate.js", JSON.writeValueAsString(requests)));
            List<IamOutcome> outcomes = new ArrayList<>();
            for (JsonNode result : results) {
                List<IamOutcome.Grant> grants = new ArrayList<>();
                result.path("grants").forEach(grant -> grants.add(new IamOutcome.Grant(grant.path("policy").asText(), grant.path("statement").asInt())));
                outcomes.add(new IamOutcome(checks.get(result.path("id").asInt()), result.path("result").asText(), result.path("detail").asText(), grants));
            }
            return outcomes;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("simulate.js answered no JSON: " + e.getMessage(), e);
        }
    }

    /** The iam-simulate Simulation of a check. */
    private ObjectNode simulation(IamCheck check) {
        ObjectNode simulation = JSON.createObjectNode();
        ObjectNode request = simulation.putObject("request");
        if (check.anonymous()) {
            request.putObject("principal").put("type", "Anonymous"); // iam-simulate's anonymousPrincipal
        } else {
            request.put("principal", check.principal());
        }
        request.put("action", check.action());
        request.putObject("resource").put("resource", check.resource()).put("accountId", policies.resourceAccount(check.resource()));
        request.set("contextVariables", JSON.valueToTree(context(check)));
        ArrayNode identity = simulation.putArray("identityPolicies");
        if (!check.anonymous()) {
            policies.identityPolicies(check.principal()).forEach(policy -> identity.addObject().put("name", policy.name()).set("policy", policy.document()));
        }
        simulation.putArray("serviceControlPolicies");
        simulation.putArray("resourceControlPolicies");
        policies.resourcePolicy(check.resource()).ifPresent(policy -> simulation.set("resourcePolicy", policy));
        return simulation;
    }

    /**
     * The check's context plus what AWS sets on every such request and iam-simulate does not derive: the
     * SDK always uses TLS, and a signed request carries its principal's ARN and account.
     */
    private static Map<String, String> context(IamCheck check) {
        Map<String, String> context = new LinkedHashMap<>(check.context());
        context.put("aws:SecureTransport", "true");
        if (!check.anonymous() && check.principal().startsWith("arn:")) {
            context.put("aws:PrincipalArn", check.principal());
            context.put("aws:PrincipalAccount", check.principal().split(":")[4]);
        }
        return context;
    }
}
