/** Public API of the project folder reader: a never-compiled dbt project → a native manifest. */
export { readDbtProject, type ReadDbtProjectOptions } from "./readDbtProject.js";
export {
  buildNativeManifest,
  ProjectFolderError,
  type ProjectFiles,
  type ProjectFolderResult,
  type ProjectFolderStats,
} from "./buildNativeManifest.js";
