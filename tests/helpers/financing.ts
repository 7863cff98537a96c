import { uuidv7 } from '../../src/lib/domain/ids';
import type { FinancingApplication, Lender } from '../../src/lib/domain/financing';
import type { ApiClient, Device } from './client';
import { pngLike, sha256 } from './images';

/**
 * A woman's NIK from Kabupaten Bogor (Jawa Barat, province 32): born 5 August 1990, so digits 7–12 are
 * 45 08 90 (the day plus 40).
 */
export const NIK = '3201014508900001';
export const NIK_MASKED = '3201********0001';
export const BIRTH_DATE = '1990-08-05';

/** A document photo: new bytes each call, its hash, and its type. */
export function documentPhoto(size = 3000) {
	const bytes = pngLike(size);
	return { bytes, hash: sha256(bytes), type: 'image/png' };
}

/** `PUT /api/documents/{hash}?space=…`, as the phone's document queue does. */
export function uploadDocument(
	api: ApiClient,
	spaceId: string,
	document: { bytes: Uint8Array; hash: string; type: string },
	query = ''
) {
	return api.request('PUT', `/api/documents/${document.hash}?space=${spaceId}${query}`, undefined, {
		raw: document.bytes,
		headers: { 'content-type': document.type }
	});
}

/**
 * The lender a seller's phone would offer first for a KUR product: the first of `GET /api/lenders` that
 * offers it, as the phone's list has them. Fails loudly when there is none.
 */
export async function lenderOffering(api: ApiClient, product = 'mikro'): Promise<Lender> {
	const answer = await api.get('/api/lenders');
	const lender = (answer.body?.lenders as Lender[] | undefined)?.find((candidate) =>
		candidate.products.includes(product as Lender['products'][number])
	);
	if (!lender)
		throw new Error(`no lender offers ${product}: ${answer.status} ${JSON.stringify(answer.body)}`);
	return lender;
}

/**
 * Every field a KUR Mikro application for Rp25 juta needs, with the documents given, sent to `lenderId`
 * (the lender must be chosen since lenders per application; without one the form is complete but for it).
 */
export function completeFields(
	documents: { ktp: string; business: string; license?: string },
	lenderId?: string
) {
	return {
		product: 'mikro',
		...(lenderId ? { lenderId } : {}),
		amount: 25_000_000,
		purpose: 'modal_kerja',
		tenorMonths: 24,
		fullName: 'Sari Wulandari',
		nik: NIK,
		birthDate: BIRTH_DATE,
		maritalStatus: 'married',
		address: 'Jl. Raya Cibinong No. 5, Bogor',
		businessName: 'Warung Sari',
		businessType: 'Warung kelontong',
		businessStartedAt: '2020-03',
		nib: '1234567890123',
		monthlyRevenue: 9_000_000,
		employees: 1,
		ktpPhoto: documents.ktp,
		businessPhoto: documents.business,
		...(documents.license ? { licensePhoto: documents.license } : {})
	};
}

/** The latest value of every financing application in a pull, by id. */
export async function pullApplications(device: Device): Promise<Map<string, FinancingApplication>> {
	const applications = new Map<string, FinancingApplication>();
	const { pages } = await device.pullAll();
	for (const page of pages) {
		for (const space of Object.values(page.spaces)) {
			for (const change of space.changes) {
				if (change.entity !== 'financing') continue;
				if (change.op === 'delete') applications.delete(change.id);
				else applications.set(change.id, change.value as FinancingApplication);
			}
		}
	}
	return applications;
}

type DocumentPhoto = ReturnType<typeof documentPhoto>;

/**
 * Makes a complete application in the seller's space, uploads its documents (new ones unless given), and
 * submits it to `lenderId` (by default the first lender offering KUR Mikro, as the phone lists them);
 * returns its id and the documents. Fails loudly when any step is refused.
 */
export async function submittedApplication(
	device: Device,
	spaceId: string,
	documents: { ktp: DocumentPhoto; business: DocumentPhoto } = {
		ktp: documentPhoto(),
		business: documentPhoto()
	},
	lenderId?: string
) {
	const lender = lenderId ?? (await lenderOffering(device.api)).id;
	const { ktp, business } = documents;
	for (const document of [ktp, business]) {
		const upload = await uploadDocument(device.api, spaceId, document);
		if (upload.status !== 201)
			throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.body)}`);
	}
	const id = uuidv7();
	const answer = await device.push([
		device.mutation('financing.patch', spaceId, {
			id,
			fields: completeFields({ ktp: ktp.hash, business: business.hash }, lender)
		}),
		device.mutation('financing.submit', spaceId, { id })
	]);
	const results = answer.body?.results ?? [];
	if (answer.status !== 200 || results.some((result: { status: string }) => result.status !== 'applied')) {
		throw new Error(`submit failed: ${answer.status} ${JSON.stringify(answer.body)}`);
	}
	return { id, ktp, business };
}
