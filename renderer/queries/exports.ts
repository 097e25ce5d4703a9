/** Exporting a collection's filtered objects or a selection, and opening external links. */
import { mutationOptions } from '@tanstack/react-query';
import type { Args, Progress } from '../../shared/contract';
import { call, transport } from './transport';

/** An export and where its progress goes. */
export interface ExportRun {
  args: Args<'export.objects'>;
  onProgress: (p: Progress<'export.objects'>) => void;
  signal?: AbortSignal;
}

/** Exports objects; in web mode the file is then handed to the browser as a download. */
export const exportObjects = () =>
  mutationOptions({
    mutationKey: ['export.objects'],
    mutationFn: async ({ args, onProgress, signal }: ExportRun) => {
      const result = await call('export.objects', args, {
        onProgress,
        ...(signal ? { signal } : {}),
      });
      if (result.kind === 'download') {
        const t = transport();
        if (t.saveDownload) await t.saveDownload(result.downloadId, result.fileName);
      }
      return result;
    },
  });

/** Opens an http(s) link the person confirmed; web mode opens it from the page itself. */
export const openLink = () =>
  mutationOptions({
    mutationKey: ['links.open'],
    mutationFn: async (url: string) => {
      const result = await call('links.open', { url });
      if (!result.opened) window.open(result.url, '_blank', 'noopener,noreferrer');
      return result;
    },
  });
