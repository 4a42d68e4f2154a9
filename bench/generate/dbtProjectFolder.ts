/**
 * A dbt project folder as people keep it (dbt_project.yml, one .sql file per model, YAML
 * property files per folder, sources, exposures), written from a generated manifest
 * (dbtManifest.ts) so both paths see the same project: what `tributary push --models` reads.
 * Models sit in sub-folders of MODELS_PER_FOLDER per layer, each with its own property file,
 * the way large projects split them. About a quarter of the models are undocumented (no columns
 * in YAML), as in real projects: their columns are inferred from the SQL at ingest. The same
 * options always give the same folder.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { generateDbtManifest, type GenerateDbtManifestOptions } from "./dbtManifest.js";

type Json = Record<string, unknown>;

/** Every fourth model has no columns in its YAML. */
const UNDOCUMENTED_EVERY = 4;
const MODELS_PER_FOLDER = 50;

export interface GeneratedFolder {
  dir: string;
  models: number;
  files: number;
}

export async function writeDbtProjectFolder(dir: string, options: GenerateDbtManifestOptions): Promise<GeneratedFolder> {
  const manifest = generateDbtManifest(options);
  const project = (manifest.metadata as Json).project_name as string;
  const nodes = Object.values(manifest.nodes as Record<string, Json>);
  const models = nodes.filter((n) => n.resource_type === "model");
  const testsByColumn = new Map<string, unknown[]>();
  for (const test of nodes.filter((n) => n.resource_type === "test")) {
    const key = `${test.attached_node as string}\u0000${test.column_name as string}`;
    const list = testsByColumn.get(key) ?? [];
    list.push(testEntry(test));
    testsByColumn.set(key, list);
  }

  let files = 0;
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
    files += 1;
  };
  await write("dbt_project.yml", stringify({ name: project, version: "1.0.0", "config-version": 2, profile: project, "model-paths": ["models"] }));

  const byFolder = new Map<string, Json[]>();
  for (const [index, model] of models.entries()) {
    const layer = path.dirname(model.original_file_path as string);
    const folder = `${layer}/part_${String(Math.floor(index / MODELS_PER_FOLDER)).padStart(3, "0")}`;
    await write(`${folder}/${model.name as string}.sql`, model.raw_code as string);
    const columns = Object.values(model.columns as Record<string, Json>).map((c) => {
      const tests = testsByColumn.get(`${model.unique_id as string}\u0000${c.name as string}`);
      return { name: c.name, description: c.description, data_type: c.data_type, ...(tests ? { data_tests: tests } : {}) };
    });
    const entry: Json = { name: model.name, description: model.description };
    if ((model.group as string | null) !== null) entry.config = { group: model.group, ...(Object.keys(model.meta as Json).length ? { meta: model.meta } : {}) };
    if (index % UNDOCUMENTED_EVERY !== UNDOCUMENTED_EVERY - 1) entry.columns = columns;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), entry]);
  }
  for (const [folder, entries] of byFolder) await write(`${folder}/_${path.basename(folder)}.yml`, stringify({ version: 2, models: entries }));

  const sources = new Map<string, Json[]>();
  for (const source of Object.values(manifest.sources as Record<string, Json>)) {
    const tables = sources.get(source.source_name as string) ?? [];
    tables.push({
      name: source.name,
      description: source.description,
      columns: Object.values(source.columns as Record<string, Json>).map((c) => ({ name: c.name, data_type: c.data_type })),
    });
    sources.set(source.source_name as string, tables);
  }
  await write(
    "models/staging/_sources.yml",
    stringify({ version: 2, sources: [...sources].map(([name, tables]) => ({ name, database: "analytics", schema: name, tables })) }),
  );

  const groups = Object.values(manifest.groups as Record<string, Json>).map((g) => ({ name: g.name, owner: g.owner }));
  const exposures = Object.values(manifest.exposures as Record<string, Json>).map((e) => ({
    name: e.name,
    type: e.type,
    owner: e.owner,
    description: e.description,
    url: e.url,
    depends_on: ((e.depends_on as Json).nodes as string[]).map((id) => `ref('${id.split(".")[2]}')`),
  }));
  await write("models/exposures.yml", stringify({ version: 2, groups, exposures }));
  return { dir, models: models.length, files };
}

function testEntry(test: Json): unknown {
  const metadata = test.test_metadata as { name: string; kwargs: Json };
  const { column_name: _column, model: _model, ...args } = metadata.kwargs;
  return Object.keys(args).length === 0 ? metadata.name : { [metadata.name]: args };
}
