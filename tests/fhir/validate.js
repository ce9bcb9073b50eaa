// Validates FHIR R4 resources (JSON files named on the command line) with the
// npm package `fhir` (FHIR.js 4.12): `new Fhir().validate(resource)` ->
// {valid, messages}. Unexpected properties are errors. A file fails on
// valid == false or on any message of severity error or warning; info
// messages (value sets FHIR.js does not ship) are not printed.
'use strict';
const fs = require('fs');
const {Fhir} = require('fhir');

const fhir = new Fhir();
let failed = 0;
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = fhir.validate(resource, {errorOnUnexpected: true});
  const problems = result.messages.filter((m) => m.severity === 'error' || m.severity === 'warning');
  if (!result.valid || problems.length > 0) {
    failed++;
    console.log(`FAIL ${file} (${resource.resourceType})`);
    for (const m of problems) console.log(`  ${m.severity} at ${m.location}: ${m.message}`);
  } else {
    console.log(`ok   ${file} (${resource.resourceType})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
