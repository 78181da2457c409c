/** The console's actions (console-actions.ts), handed to every component through one context. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConsoleActions } from './console-actions';

export const ActionsContext = createContext<ConsoleActions | null>(null);

export function useActions(): ConsoleActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('the console components need ActionsContext');
  return actions;
}
