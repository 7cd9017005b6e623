/**
 * Which screen is shown, and focus requests: a component asks for a control to be focused by name
 * and the control focuses itself ({@attach focusTarget('files-start')}), so no component reaches into
 * another one's DOM.
 *
 *   navigation.go('files', 'files-start'); // show Files, then focus its Transcribe button
 */
export const SCREENS = [
  { id: 'dictate', label: 'Dictate' },
  { id: 'transcripts', label: 'Transcripts' },
  { id: 'files', label: 'Files' },
  { id: 'settings', label: 'Settings' },
] as const;
export type ScreenId = (typeof SCREENS)[number]['id'];

class Navigation {
  screen = $state<ScreenId>('dictate');
  /** The control that should take focus once it is on screen; cleared by the control that takes it. */
  focusRequest = $state<string | null>(null);

  go(screen: ScreenId, focus: string | null = null) {
    this.screen = screen;
    this.focusRequest = focus;
  }

  /** Ctrl+1..4 (⌘ on macOS) from anywhere, except while a modal dialog is open. */
  handleShortcut(event: KeyboardEvent): boolean {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return false;
    const index = Number(event.key) - 1;
    const target = SCREENS[index];
    if (!Number.isInteger(index) || target === undefined) return false;
    this.go(target.id, `tab-${target.id}`);
    return true;
  }
}

export const navigation = new Navigation();

/** An attachment: focuses its element whenever a request names it (now or later). */
export function focusTarget(name: string) {
  return (element: HTMLElement) => {
    if (navigation.focusRequest !== name) return;
    element.focus();
    navigation.focusRequest = null;
  };
}
