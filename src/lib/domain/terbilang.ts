import type { Rupiah } from './money';

const ONES = [
	'',
	'satu',
	'dua',
	'tiga',
	'empat',
	'lima',
	'enam',
	'tujuh',
	'delapan',
	'sembilan',
	'sepuluh',
	'sebelas'
];

/** Below a thousand, as Indonesian says it: `seratus`, `sebelas`, `dua puluh lima`, `seribu` is the caller's. */
function belowThousand(n: number): string[] {
	const words: string[] = [];
	const hundreds = Math.floor(n / 100);
	const rest = n % 100;
	if (hundreds === 1) words.push('seratus');
	else if (hundreds > 1) words.push(ONES[hundreds], 'ratus');
	if (rest < 12) {
		if (rest > 0) words.push(ONES[rest]);
	} else if (rest < 20) {
		words.push(ONES[rest - 10], 'belas');
	} else {
		words.push(ONES[Math.floor(rest / 10)], 'puluh');
		if (rest % 10) words.push(ONES[rest % 10]);
	}
	return words;
}

// Short scale as Indonesian documents write it; a trillion (triliun) groups reach past any safe integer.
const SCALES = ['', 'ribu', 'juta', 'miliar', 'triliun', 'kuadriliun'];

/**
 * A whole amount in Indonesian words, as invoices and purchase orders write it beside the figure:
 * `1500` → `seribu lima ratus`, `2000000` → `dua juta`, `0` → `nol`. Negative amounts get `minus`.
 * Throws on a fraction or an amount past `Number.MAX_SAFE_INTEGER`: money is whole rupiah (money.ts).
 */
export function terbilang(amount: number): string {
	if (!Number.isSafeInteger(amount)) throw new RangeError('terbilang: not a whole safe amount');
	if (amount === 0) return 'nol';
	if (amount < 0) return `minus ${terbilang(-amount)}`;
	const groups: number[] = [];
	for (let rest = amount; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
	const words: string[] = [];
	for (let scale = groups.length - 1; scale >= 0; scale--) {
		const group = groups[scale];
		if (group === 0) continue;
		// "seribu", never "satu ribu"; but "satu juta", "satu miliar"
		if (scale === 1 && group === 1) words.push('seribu');
		else words.push(...belowThousand(group), ...(SCALES[scale] ? [SCALES[scale]] : []));
	}
	return words.join(' ');
}

/** `terbilang` for a rupiah amount as it stands on a document: `Dua juta lima ratus ribu rupiah`. */
export function terbilangRupiah(amount: Rupiah): string {
	const words = `${terbilang(amount)} rupiah`;
	return words.charAt(0).toUpperCase() + words.slice(1);
}
