import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { sample } from './sample-data.js';

/** The IATI 2.03 activity schema (../shared/data/iati/schema/2.03) and the files it includes. */
function schemaFile(name: string) {
  return { fileName: name, contents: readFileSync(path.join(sample('iati', 'schema', '2.03'), name), 'utf8') };
}

/** libxml2's schema validation errors for an IATI activity file (none when it is valid). */
export async function iatiSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: 'export.xml', contents: xml },
    schema: schemaFile('iati-activities-schema.xsd'),
    preload: [schemaFile('iati-common.xsd'), schemaFile('xml.xsd')],
    maxMemoryPages: 16_384,
  });
  return result.errors.map((error) => error.rawMessage);
}
