// Reads an Amazon States Language definition (JSON text) from stdin and prints the diagnostics of
// AWS's language service (the validation of the Step Functions console and toolkits) as a JSON array.
const asl = require('amazon-states-language-service');
const { TextDocument } = require('vscode-languageserver-textdocument');

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  try {
    const service = asl.getLanguageService({});
    const document = TextDocument.create('file:///definition.asl.json', 'json', 1, Buffer.concat(chunks).toString('utf8'));
    const diagnostics = await service.doValidation(document, service.parseJSONDocument(document));
    process.stdout.write(JSON.stringify(diagnostics));
  } catch (error) {
    console.error(error && error.stack ? error.stack : error);
    process.exit(1);
  }
});
