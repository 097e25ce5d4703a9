/**
 * How the graph looks: a colour per object type (the theme's colours read once from CSS, since
 * cytoscape draws on a canvas), labels clipped, the centre larger, nodes with hidden neighbours
 * marked "+N". Labels are drawn as canvas text: data never becomes markup here.
 */
import type { StylesheetJson } from 'cytoscape';

const PALETTE_LIGHT = [
  '#1f5cc4',
  '#b3261e',
  '#1d7a3a',
  '#9a5b00',
  '#6f42c1',
  '#0a6a7a',
  '#a6470a',
  '#5c6573',
];
const PALETTE_DARK = [
  '#6c9cff',
  '#ff8a80',
  '#5cc27a',
  '#e3a84b',
  '#c5a5ff',
  '#5fd0dc',
  '#f0a770',
  '#9aa4b2',
];

/** Types with a fixed colour slot (the rest share the last). */
const SLOTS: Readonly<Record<string, number>> = {
  'intrusion-set': 0,
  'threat-actor': 0,
  campaign: 0,
  malware: 1,
  tool: 1,
  'attack-pattern': 2,
  indicator: 3,
  sighting: 3,
  'course-of-action': 4,
  'x-mitre-detection-strategy': 4,
  identity: 5,
  location: 5,
  vulnerability: 6,
  report: 6,
};

/** The `i`-th colour of the palette in the theme (for series without a fixed type slot). */
export function paletteColour(i: number, dark: boolean): string {
  const palette = dark ? PALETTE_DARK : PALETTE_LIGHT;
  return palette[i % palette.length] as string;
}

/** The colour of a type in the theme. */
export function typeColour(type: string, dark: boolean): string {
  const palette = dark ? PALETTE_DARK : PALETTE_LIGHT;
  return palette[SLOTS[type] ?? 7] as string;
}

/** The theme's colours, read from CSS custom properties. */
export function themeColours(): {
  fg: string;
  muted: string;
  bg: string;
  accent: string;
  dark: boolean;
} {
  const css = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string): string =>
    css.getPropertyValue(name).trim() || fallback;
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  return {
    fg: read('--fg', '#1a1e24'),
    muted: read('--fg-muted', '#5c6573'),
    bg: read('--bg', '#ffffff'),
    accent: read('--accent', '#1f5cc4'),
    dark,
  };
}

/** The cytoscape stylesheet. */
export function graphStyle(): StylesheetJson {
  const c = themeColours();
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(colour)',
        label: 'data(label)',
        color: c.fg,
        'font-size': 10,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        // Labels too small to read at this zoom are not drawn (a big graph stays fast).
        'min-zoomed-font-size': 7,
        width: 18,
        height: 18,
        'border-width': 0,
      },
    },
    {
      selector: 'node[?centre]',
      style: { width: 30, height: 30, 'font-weight': 'bold', 'font-size': 12 },
    },
    {
      selector: 'node[!loaded]',
      style: {
        'background-opacity': 0.35,
        'border-width': 1,
        'border-style': 'dashed',
        'border-color': c.muted,
      },
    },
    {
      selector: 'node[more > 0]',
      style: { 'border-width': 3, 'border-color': c.muted, 'border-style': 'double' },
    },
    {
      selector: 'node:selected',
      style: { 'border-width': 3, 'border-color': c.accent, 'border-style': 'solid' },
    },
    {
      selector: 'edge',
      style: {
        width: 1,
        'line-color': c.muted,
        'target-arrow-color': c.muted,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.7,
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-size': 8,
        color: c.muted,
        'text-rotation': 'autorotate',
        'min-zoomed-font-size': 7,
      },
    },
    { selector: 'edge[kind = "ref"]', style: { 'line-style': 'dashed' } },
    // Many edges: straight haystack lines, far cheaper than bundled curves with arrows.
    { selector: 'edge.many', style: { 'curve-style': 'haystack', 'target-arrow-shape': 'none' } },
    { selector: 'edge[kind = "sighting"]', style: { 'line-style': 'dotted', width: 2 } },
  ];
}
