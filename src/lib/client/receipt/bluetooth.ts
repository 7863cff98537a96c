// Printing to a 58 mm Bluetooth (BLE) thermal printer through Web Bluetooth (Chromium on Android and
// desktop). Loaded only when the seller taps "Cetak nota", together with the ESC/POS encoder.

/** The GATT services cheap thermal printers write their print data through (the ones seen in the wild). */
const PRINTER_SERVICES: BluetoothServiceUUID[] = [
	0x18f0, // most "POS-58" / "MPT-II" / "PT-210" printers
	'e7810a71-73ae-499d-8c15-faa9aef0c3f2', // many Chinese BLE printers
	'49535343-fe7d-4ae5-8fa9-9fafd205e455', // Microchip ISSC transparent UART
	0xff00,
	0xffe0,
	0xae30,
	0xfee7
];

/** Bytes per write: small enough for the default BLE MTU of any printer, large enough to be quick. */
const CHUNK = 180;

/** The printer the seller chose, remembered on this phone (localStorage: no database change needed). */
export interface ChosenPrinter {
	id: string;
	name: string;
}

const STORAGE_KEY = 'lapak.receiptPrinter';

export function rememberedPrinter(): ChosenPrinter | null {
	try {
		const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
		if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'string') {
			const name = 'name' in value && typeof value.name === 'string' ? value.name : '';
			return { id: value.id, name };
		}
	} catch {
		// unreadable: as if none was chosen
	}
	return null;
}

function remember(device: BluetoothDevice): ChosenPrinter {
	const printer = { id: device.id, name: device.name ?? '' };
	localStorage.setItem(STORAGE_KEY, JSON.stringify(printer));
	return printer;
}

export function forgetPrinter(): void {
	localStorage.removeItem(STORAGE_KEY);
	current = null;
}

/** Whether this browser can print over Bluetooth at all. */
export function hasWebBluetooth(): boolean {
	return typeof navigator !== 'undefined' && 'bluetooth' in navigator && !!navigator.bluetooth;
}

/** The device of this page's session, kept so a second nota prints without asking again. */
let current: BluetoothDevice | null = null;

/**
 * The chosen printer's device: this session's, else the one remembered (Web Bluetooth `getDevices()`, where
 * the browser has it, finds it again without asking), else the browser's chooser, once (it must run in
 * the tap's user gesture, so nothing slow may come before it).
 */
async function printerDevice(choose: boolean): Promise<BluetoothDevice> {
	const bluetooth = navigator.bluetooth!;
	const remembered = rememberedPrinter();
	if (!choose && current && current.id === remembered?.id) return current;
	if (!choose && remembered && bluetooth.getDevices) {
		const known = (await bluetooth.getDevices()).find((device) => device.id === remembered.id);
		if (known) return (current = known);
	}
	const device = await bluetooth.requestDevice(
		!choose && remembered?.name
			? { filters: [{ name: remembered.name }], optionalServices: PRINTER_SERVICES }
			: { acceptAllDevices: true, optionalServices: PRINTER_SERVICES }
	);
	remember(device);
	return (current = device);
}

/** The first characteristic of a printer service that takes writes. */
async function printCharacteristic(server: BluetoothRemoteGATTServer) {
	const services = await server.getPrimaryServices();
	const ordered = [...services].sort(
		(a, b) => Number(!isPrinterService(a.uuid)) - Number(!isPrinterService(b.uuid))
	);
	for (const service of ordered) {
		for (const characteristic of await service.getCharacteristics()) {
			const { write, writeWithoutResponse } = characteristic.properties;
			if (write || writeWithoutResponse) return characteristic;
		}
	}
	throw new Error('no writable characteristic');
}

function isPrinterService(uuid: string): boolean {
	return PRINTER_SERVICES.some((known) =>
		typeof known === 'number'
			? uuid.startsWith(`0000${known.toString(16).padStart(4, '0')}-`)
			: uuid === known
	);
}

/**
 * Sends the bytes to the printer, choosing it first when none is remembered (or when `choose`).
 * Returns the printer used. Throws when there is none or it cannot be reached (turned off, out of
 * range, or the seller closed the chooser: `NotFoundError`).
 */
export async function printOverBluetooth(bytes: Uint8Array, choose = false): Promise<ChosenPrinter> {
	const device = await printerDevice(choose);
	const server = device.gatt!.connected ? device.gatt! : await device.gatt!.connect();
	const characteristic = await printCharacteristic(server);
	for (let offset = 0; offset < bytes.length; offset += CHUNK) {
		const chunk = bytes.slice(offset, offset + CHUNK);
		// One write after another: a printer's small buffer overflows when writes overlap.
		if (characteristic.properties.writeWithoutResponse) await characteristic.writeValueWithoutResponse(chunk);
		else await characteristic.writeValueWithResponse(chunk);
	}
	return { id: device.id, name: device.name ?? '' };
}
