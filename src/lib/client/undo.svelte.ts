/** How long "Batalkan" stays on screen after a delete. */
export const UNDO_MS = 8000;

interface UndoOffer {
	message: string;
	undo: () => Promise<void>;
}

/** The one undo on offer, shown by UndoToast in the app layout. */
export const undoState: { offer: UndoOffer | null } = $state({ offer: null });

let timer: ReturnType<typeof setTimeout> | undefined;

/** Offers to take an action back for a few seconds. A newer offer replaces the older one. */
export function offerUndo(message: string, undo: () => Promise<void>): void {
	clearTimeout(timer);
	undoState.offer = { message, undo };
	timer = setTimeout(() => (undoState.offer = null), UNDO_MS);
}

export async function takeUndo(): Promise<void> {
	const offer = undoState.offer;
	clearTimeout(timer);
	undoState.offer = null;
	await offer?.undo();
}
