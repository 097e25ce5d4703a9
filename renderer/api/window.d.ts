import type { Bridge } from '../../shared/api';

declare global {
  interface Window {
    /** Present only inside the Electron app: the preload's fixed surface. */
    readonly taxiway?: Bridge;
  }
}
