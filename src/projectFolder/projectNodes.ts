/**
 * The files of a project folder → the nodes dbt would build from them: a model per `.sql` file
 * under the model paths (a version of a versioned model when YAML says so), a seed per `.csv`
 * file under the seed paths (its columns from the header) and a snapshot per
 * `{% snapshot name %}` block under the snapshot paths.
 */
import path from "node:path/posix";
import type { ModelVersion } from "./modelVersions.js";

export type NodeType = "model" | "seed" | "snapshot";

export interface NodeFile {
  type: NodeType;
  /** The name `ref()` uses. */
  name: string;
  /** The file's name without extension; what `dbt_project.yml` config trees are keyed by. */
  fileName: string;
  path: string;
  /** Directories between the resource path and the file. */
  folders: string[];
  sql?: string;
  /** A YAML snapshot's `relation:` (`ref('orders')`), in place of SQL. */
  relation?: string;
  /** Seeds: the CSV header's column names. */
  header?: string[];
  version?: ModelVersion;
}

const SNAPSHOT_BLOCK = /\{%-?\s*snapshot\s+([^\s%]+)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/g;

function foldersOf(resourcePath: string, file: string): string[] {
  return path.dirname(path.relative(resourcePath, file)).split("/").filter((part) => part !== "" && part !== ".");
}

export function modelNodes(files: readonly { path: string; modelPath: string; sql: string }[], versions: ReadonlyMap<string, ModelVersion>): NodeFile[] {
  return files.map((file) => {
    const fileName = path.basename(file.path, ".sql");
    const version = versions.get(fileName);
    const node: NodeFile = { type: "model", name: version?.model ?? fileName, fileName, path: file.path, folders: foldersOf(file.modelPath, file.path), sql: file.sql };
    if (version) node.version = version;
    return node;
  });
}

export function seedNodes(files: readonly { path: string; seedPath: string; header: string }[]): NodeFile[] {
  return files.map((file) => {
    const fileName = path.basename(file.path, ".csv");
    return { type: "seed", name: fileName, fileName, path: file.path, folders: foldersOf(file.seedPath, file.path), header: csvHeader(file.header) };
  });
}

/** Every `{% snapshot %}` block of every file; a file may hold several. */
export function snapshotNodes(files: readonly { path: string; snapshotPath: string; sql: string }[]): NodeFile[] {
  return files.flatMap((file) =>
    [...file.sql.matchAll(SNAPSHOT_BLOCK)].map((block): NodeFile => ({
      type: "snapshot",
      name: block[1]!,
      fileName: block[1]!,
      path: file.path,
      folders: foldersOf(file.snapshotPath, file.path),
      sql: block[2]!.trim(),
    })),
  );
}

/** dbt ≥ 1.9 snapshots written in YAML (`snapshots: - name, relation, config`) rather than SQL. */
export function yamlSnapshotNodes(entries: Iterable<{ name: string; file: string; relation: string }>): NodeFile[] {
  return [...entries].map((entry) => ({ type: "snapshot", name: entry.name, fileName: entry.name, path: entry.file, folders: [], relation: entry.relation }));
}

/** The column names of a CSV header line (RFC 4180 quoting, as dbt's agate reads it). */
export function csvHeader(line: string): string[] {
  const names: string[] = [];
  let current = "";
  let quoted = false;
  const text = line.replace(/^\uFEFF/, "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      names.push(current.trim());
      current = "";
    } else current += c;
  }
  names.push(current.trim());
  return names.filter((name) => name !== "");
}
