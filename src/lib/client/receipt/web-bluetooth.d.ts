// The few Web Bluetooth types bluetooth.ts uses (TypeScript's DOM library has none, and a types package
// for them is not a dependency). https://webbluetoothcg.github.io/web-bluetooth/

type BluetoothServiceUUID = number | string;

interface BluetoothRequestDeviceOptions {
	filters?: { name?: string; services?: BluetoothServiceUUID[] }[];
	acceptAllDevices?: boolean;
	optionalServices?: BluetoothServiceUUID[];
}

interface BluetoothCharacteristicProperties {
	readonly write: boolean;
	readonly writeWithoutResponse: boolean;
}

interface BluetoothRemoteGATTCharacteristic {
	readonly uuid: string;
	readonly properties: BluetoothCharacteristicProperties;
	writeValueWithResponse(value: BufferSource): Promise<void>;
	writeValueWithoutResponse(value: BufferSource): Promise<void>;
}

interface BluetoothRemoteGATTService {
	readonly uuid: string;
	getCharacteristics(): Promise<BluetoothRemoteGATTCharacteristic[]>;
}

interface BluetoothRemoteGATTServer {
	readonly connected: boolean;
	connect(): Promise<BluetoothRemoteGATTServer>;
	getPrimaryServices(): Promise<BluetoothRemoteGATTService[]>;
}

interface BluetoothDevice {
	readonly id: string;
	readonly name?: string;
	readonly gatt?: BluetoothRemoteGATTServer;
}

interface Bluetooth {
	requestDevice(options: BluetoothRequestDeviceOptions): Promise<BluetoothDevice>;
	/** Behind a flag in some Chromium versions: absent there. */
	getDevices?(): Promise<BluetoothDevice[]>;
}

interface Navigator {
	readonly bluetooth?: Bluetooth;
}
