/** Electron's export destination: the system save dialog, then a file written in place. */
import path from 'node:path';
import { BrowserWindow, dialog } from 'electron';
import { fileExportTarget, safeFileName, type ExportSink } from '../app/export-sink';

/** An ExportSink that asks the user where to save; cancelling the dialog cancels the export. */
export function saveDialogSink(): ExportSink {
  return {
    async open(fileName) {
      const suggested = safeFileName(fileName, 'taxiway-export.json');
      const parent = BrowserWindow.getFocusedWindow();
      const options = {
        title: 'Export objects',
        defaultPath: suggested,
        filters: suggested.endsWith('.ndjson')
          ? [{ name: 'NDJSON', extensions: ['ndjson'] }]
          : [{ name: 'STIX bundle', extensions: ['json'] }],
      };
      const choice = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return null;
      const target = choice.filePath;
      return fileExportTarget(target, ({ path: saved, bytes, count }) => ({
        kind: 'saved',
        path: saved,
        fileName: path.basename(saved),
        count,
        bytes,
      }));
    },
  };
}
