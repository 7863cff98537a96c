import { describe, expect, it } from 'vitest';
import { blobConfig } from './config';

const s3 = { S3_BUCKET: 'lapak', S3_ENDPOINT: 'http://127.0.0.1:9000' };

describe('blobConfig', () => {
	it.each([
		['nothing set', {}, { kind: 'files', root: '/data' }],
		['blank S3 variables', { S3_BUCKET: ' ', S3_REGION: '' }, { kind: 'files', root: '/data' }],
		[
			'a bucket on an S3-compatible server',
			{ ...s3, S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret', S3_REGION: 'ap-southeast-3' },
			{
				kind: 's3',
				bucket: 'lapak',
				endpoint: 'http://127.0.0.1:9000',
				region: 'ap-southeast-3',
				credentials: { accessKeyId: 'id', secretAccessKey: 'secret' }
			}
		],
		[
			'a bucket on Amazon S3, credentials from the SDK chain',
			{ S3_BUCKET: 'lapak' },
			{ kind: 's3', bucket: 'lapak', endpoint: null, region: 'us-east-1', credentials: null }
		]
	])('%s', (_, env, expected) => {
		expect(blobConfig(env, '/data')).toEqual(expected);
	});

	it.each([
		[{ S3_ENDPOINT: 'http://127.0.0.1:9000' }, 'S3_ENDPOINT set without S3_BUCKET'],
		[{ S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 's' }, 'S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY set'],
		[{ ...s3, S3_ACCESS_KEY_ID: 'id' }, 'set both or neither'],
		[{ ...s3, S3_SECRET_ACCESS_KEY: 'secret' }, 'set both or neither'],
		[{ ...s3, S3_ENDPOINT: '127.0.0.1:9000' }, 'S3_ENDPOINT must be an http:// or https:// address'],
		[{ ...s3, S3_ENDPOINT: 'ftp://files.example' }, 'S3_ENDPOINT must be an http:// or https:// address']
	])('refuses %o', (env, message) => {
		expect(() => blobConfig(env, '/data')).toThrow(message);
	});
});
