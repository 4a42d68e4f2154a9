/**
 * Upload progress on stderr (stdout carries the result and `--json`): a bar when stderr is a
 * terminal, occasional lines when it is a CI log and the upload is big enough to wait for.
 */
import cliProgress from "cli-progress";

/** Uploads larger than this show progress even when stderr is not a terminal. */
export const PROGRESS_MIN_BYTES_WITHOUT_TTY = 5 * 1024 * 1024;

export interface UploadProgress {
  update(sent: number, total: number): void;
  stop(): void;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function uploadProgress(totalBytes: number, stream: NodeJS.WriteStream = process.stderr): UploadProgress {
  const tty = stream.isTTY === true;
  if (!tty && totalBytes <= PROGRESS_MIN_BYTES_WITHOUT_TTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar({
    stream,
    format: "uploading {bar} {percentage}% | {value} / {total}",
    formatValue: (value, options, type) => (type === "value" || type === "total" ? formatBytes(value) : cliProgress.Format.ValueFormat(value, options, type)),
    hideCursor: tty,
    noTTYOutput: !tty,
    notTTYSchedule: 2000,
    etaBuffer: 50,
    clearOnComplete: false,
  });
  bar.start(totalBytes, 0);
  return {
    update: (sent) => bar.update(Math.min(sent, totalBytes)),
    stop: () => bar.stop(),
  };
}
