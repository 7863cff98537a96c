// @20minutes/s3rver (a maintained fork of s3rver) ships no types: the little of it the tests use.
declare module '@20minutes/s3rver' {
	import type { AddressInfo } from 'node:net';

	interface S3rverOptions {
		address?: string;
		port?: number;
		silent?: boolean;
		directory?: string;
		resetOnClose?: boolean;
		configureBuckets?: { name: string }[];
	}

	export default class S3rver {
		constructor(options?: S3rverOptions);
		run(): Promise<AddressInfo>;
		close(): Promise<void>;
	}
}
