// Reads a JSON array of {"id", "simulation"} (iam-simulate Simulation objects) from stdin and prints
// [{"id", "result", "detail", "grants"}]: result is Allowed, ExplicitlyDenied, ImplicitlyDenied or Error; grants, for an
// allowed request, the identity policy statements that allowed it ({"policy", "statement"}, the statement 1-based).
const { runSimulation, getDenialReasons, getGrantReasons } = require('@cloud-copilot/iam-simulate');

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

// A deciding statement ("identity policy P statement #2", "resource policy statement Sid"), or the policy type that allowed nothing.
function describe(reason) {
  if (reason.denialType === 'Implicit') {
    return `no ${reason.policyType} policy allows it`;
  }
  const statement = reason.statementId ? `statement ${reason.statementId}` : `statement #${reason.statementIndex}`;
  const policy = [reason.policyType, 'policy', reason.policyIdentifier].filter(Boolean).join(' ');
  return `${reason.denialType === 'Explicit' ? 'denied by ' : ''}${policy} ${statement}`;
}

async function simulate({ id, simulation }) {
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    return { id, result: 'Error', detail: JSON.stringify(response.errors) };
  }
  if (response.resultType === 'wildcard') {
    return { id, result: 'Error', detail: `${simulation.request.resource.resource} is a pattern: a check names one resource` };
  }
  const resource = response.result;
  // A context key that does not apply to the action is dropped before evaluation: the check would not test what it says.
  if (resource.ignoredContextKeys && resource.ignoredContextKeys.length > 0) {
    return { id, result: 'Error', detail: `context keys not applicable to ${simulation.request.action}: ${resource.ignoredContextKeys.join(', ')}` };
  }
  const allowed = response.overallResult === 'Allowed';
  const reasons = allowed ? getGrantReasons(resource.analysis) : getDenialReasons(resource.analysis);
  // the identity policy statements that allowed it: what the test of unused grants counts
  const grants = allowed ? reasons.filter((reason) => reason.policyType === 'identity')
    .map((reason) => ({ policy: reason.policyIdentifier, statement: reason.statementIndex })) : [];
  return { id, result: response.overallResult, detail: reasons.map(describe).join('; '), grants };
}

(async () => {
  const requests = JSON.parse(await readStdin());
  const results = [];
  for (const request of requests) {
    results.push(await simulate(request));
  }
  process.stdout.write(JSON.stringify(results));
})().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
