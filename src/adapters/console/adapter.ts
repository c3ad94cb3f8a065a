/** The console output: used when no chat token is set, and by `demo`. */
import { alertView } from '../../core/alert-view.js';
import type { ChatAdapter, SentMessage } from '../../core/ports.js';
import type { Delivery } from '../../core/types.js';
import { formatAlertText, formatNoticeText } from './format.js';

export interface ConsoleAdapterOptions {
  write: (text: string) => void;
  color?: boolean;
}

export const CONSOLE_CHANNEL = { platform: 'console', id: 'terminal' } as const;

export function createConsoleAdapter(opts: ConsoleAdapterOptions): ChatAdapter {
  let n = 0;
  return {
    platform: 'console',
    async send(d: Delivery): Promise<SentMessage> {
      const style = { color: opts.color ?? false };
      opts.write((d.notice ? formatNoticeText(d.notice, style) : formatAlertText(alertView(d), style)) + '\n');
      n += 1;
      return { messageId: `console-${n}` };
    },
  };
}
