/**
 * Reads a dbt project folder that was never compiled (`dbt_project.yml`, model SQL, YAML
 * property files, docs blocks, singular tests) and maps it to a validated native manifest.
 * The only I/O of this module; the mapping itself is buildNativeManifest.ts.
 */
import { open, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";
import { parse as parseYaml } from "yaml";
import type { Diagnostic } from "../core/diagnostic.js";
import type { Dialect } from "../core/sql/index.js";
import { describeZodError } from "../core/validation.js";
import { buildNativeManifest, ProjectFolderError, type ProjectFiles, type ProjectFolderResult } from "./buildNativeManifest.js";
import { dbtProjectFileSchema, modelPathsOf, seedPathsOf, snapshotPathsOf, testPathsOf } from "./dbtProjectFile.js";
import { dependenciesFileSchema, upstreamProjectsOf } from "./dependenciesFile.js";
import { docBlocks } from "./yamlJinja.js";

export interface ReadDbtProjectOptions {
  /** The SQL dialect (dbt adapter) for the SQL analysis and the manifest's `adapter`. */
  dialect?: Dialect;
}

/** Folders dbt itself never reads models from. */
const IGNORED = ["**/node_modules/**", "**/target/**", "**/dbt_packages/**", "**/dbt_modules/**", "**/logs/**"];

export async function readDbtProject(dir: string, options: ReadDbtProjectOptions = {}): Promise<ProjectFolderResult> {
  const root = path.resolve(dir);
  const projectFilePath = path.join(root, "dbt_project.yml");
  if (!(await isDirectory(root))) throw new ProjectFolderError(`${dir} is not a folder`, true);
  const projectText = await readFile(projectFilePath, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new ProjectFolderError(`${dir} is not a dbt project: it has no dbt_project.yml`, true);
    throw error;
  });
  const parsedProject = dbtProjectFileSchema.safeParse(parseYamlFile(projectText, "dbt_project.yml"));
  if (!parsedProject.success) {
    throw new ProjectFolderError(`dbt_project.yml: ${describeZodError(parsedProject.error).message}`);
  }
  const project = parsedProject.data;
  const diagnostics: Diagnostic[] = [];

  const propertyFiles: ProjectFiles["propertyFiles"] = [];
  // dbt reads property files under every resource path, so seeds and snapshots can be described next to them.
  const readProperties = (file: string, text: string): void => {
    try {
      propertyFiles.push({ path: file, document: parseYamlFile(text, file) });
    } catch (error) {
      diagnostics.push({ code: "PROPERTY_FILE_INVALID", severity: "warning", message: (error as Error).message, path: file });
    }
  };
  const modelPaths = modelPathsOf(project).map(toPosix);
  const models: ProjectFiles["models"] = [];
  const docs = new Map<string, string>();
  for (const modelPath of modelPaths) {
    if (!(await isDirectory(path.join(root, modelPath)))) {
      diagnostics.push({ code: "MODEL_PATH_MISSING", severity: "warning", message: `Model path ${modelPath} of dbt_project.yml is not a folder.` });
      continue;
    }
    const files = (await glob([`${modelPath}/**/*.{sql,py,yml,yaml,md}`], { cwd: root, ignore: IGNORED, dot: false })).sort();
    // dbt Python models: no SQL to read dependencies from, and the native format is SQL-only.
    for (const file of files.filter((f) => f.endsWith(".py"))) {
      diagnostics.push({ code: "PYTHON_MODEL_SKIPPED", severity: "info", message: `${file} is a Python model; only SQL models are read.`, path: file });
    }
    const read = files.filter((f) => !f.endsWith(".py"));
    const texts = await readTexts(root, read);
    read.forEach((file, i) => {
      const text = texts[i]!;
      if (file.endsWith(".sql")) models.push({ path: file, modelPath, sql: text });
      else if (file.endsWith(".md")) for (const [name, block] of docBlocks(text)) docs.set(name, block);
      else readProperties(file, text);
    });
  }
  const seeds: NonNullable<ProjectFiles["seeds"]> = [];
  for (const { file, folder } of await filesUnder(root, seedPathsOf(project), "*.{csv,yml,yaml}")) {
    if (file.endsWith(".csv")) seeds.push({ path: file, seedPath: folder, header: await firstLine(path.join(root, file)) });
    else readProperties(file, await readFile(path.join(root, file), "utf8"));
  }
  const snapshots: NonNullable<ProjectFiles["snapshots"]> = [];
  const snapshotFiles = await filesUnder(root, snapshotPathsOf(project), "*.{sql,yml,yaml}");
  const snapshotTexts = await readTexts(root, snapshotFiles.map((f) => f.file));
  snapshotFiles.forEach(({ file, folder }, i) => {
    if (file.endsWith(".sql")) snapshots.push({ path: file, snapshotPath: folder, sql: snapshotTexts[i]! });
    else readProperties(file, snapshotTexts[i]!);
  });
  const testFiles = (await filesUnder(root, testPathsOf(project), "*.sql")).map((f) => f.file);
  const testTexts = await readTexts(root, testFiles);
  const singularTests: ProjectFiles["singularTests"] = testFiles.map((file, i) => ({ path: file, sql: testTexts[i]! }));

  const upstreamProjects = await readUpstreamProjects(root);
  const result = buildNativeManifest({ project, models, propertyFiles, docs, singularTests, seeds, snapshots, upstreamProjects, ...(options.dialect ? { dialect: options.dialect } : {}) });
  return { ...result, diagnostics: [...diagnostics, ...result.diagnostics] };
}

/** dbt Mesh projects of `dependencies.yml`; dbt refuses a malformed file, and so does the reader. */
async function readUpstreamProjects(root: string): Promise<Set<string>> {
  const text = await readFile(path.join(root, "dependencies.yml"), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (text === null) return new Set();
  const parsed = dependenciesFileSchema.safeParse(parseYamlFile(text, "dependencies.yml") ?? {});
  if (!parsed.success) throw new ProjectFolderError(`dependencies.yml: ${describeZodError(parsed.error).message}`);
  return upstreamProjectsOf(parsed.data);
}

function parseYamlFile(text: string, file: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: false });
  } catch (error) {
    throw new ProjectFolderError(`${file} is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
}

const toPosix = (p: string): string => p.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");

/** The files matching `pattern` under each of `folders` that exists, sorted within a folder, each with its folder. */
async function filesUnder(root: string, folders: readonly string[], pattern: string): Promise<{ file: string; folder: string }[]> {
  const found: { file: string; folder: string }[] = [];
  for (const folder of folders.map(toPosix)) {
    if (!(await isDirectory(path.join(root, folder)))) continue;
    for (const file of (await glob([`${folder}/**/${pattern}`], { cwd: root, ignore: IGNORED })).sort()) found.push({ file, folder });
  }
  return found;
}

/** Files read at once: enough to keep the file system busy, few enough to stay far from the open-file limit. */
const CONCURRENT_READS = 32;

/**
 * The files' texts, in their order. A large project has thousands of files; read one after
 * another, each read waited on its own, the reading was mostly waiting.
 */
async function readTexts(root: string, files: readonly string[]): Promise<string[]> {
  const texts: string[] = new Array<string>(files.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    for (let i = next++; i < files.length; i = next++) texts[i] = await readFile(path.join(root, files[i]!), "utf8");
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, files.length) }, reader));
  return texts;
}

/** A seed's header line, without reading a large CSV whole. */
async function firstLine(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    return buffer.subarray(0, bytesRead).toString("utf8").split(/\r?\n/, 1)[0] ?? "";
  } finally {
    await handle.close();
  }
}

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false;
}
