/** Hands data the app produced to the browser as a file download (web mode and Electron alike). */

/** Saves `blob` as `fileName` through the browser's download. */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // Revoked later: the download may still be reading the blob when click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

/** Saves `content` as `fileName`, typed `type`. */
export function saveText(fileName: string, content: string, type = 'application/json'): void {
  saveBlob(fileName, new Blob([content], { type }));
}
