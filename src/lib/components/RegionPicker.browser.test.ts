import { EMPTY_REGION_SELECTION, type RegionSelection } from '$lib/domain/regions';
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { reactiveBox } from '$lib/test/reactive.svelte';
import { loadMessages } from '$lib/client/i18n.svelte';
import RegionPicker from './RegionPicker.svelte';

// The picker in a real browser against the committed region files (served from static/ by Vite), driven
// by role and label as a person (and the e2e test) would.
let mounted: ReturnType<typeof mount> | null = null;

// The picker's words come with the phone's whole catalogue, as on any screen after Masuk and Daftar.
beforeAll(() => loadMessages());

function render(start: RegionSelection = { ...EMPTY_REGION_SELECTION }) {
	const state = reactiveBox(start);
	const target = document.createElement('div');
	document.body.append(target);
	mounted = mount(RegionPicker, {
		target,
		props: {
			get value() {
				return state.value;
			},
			set value(next: RegionSelection) {
				state.value = next;
			}
		}
	});
	return state;
}

async function pick(field: string, typed: string, option: string | RegExp) {
	const input = page.getByRole('combobox', { name: field });
	await expect.element(input).toBeEnabled();
	await input.fill(typed);
	await page.getByRole('option', { name: option }).first().click();
	flushSync();
}

afterEach(() => {
	if (mounted) unmount(mounted);
	mounted = null;
	document.body.innerHTML = '';
	vi.restoreAllMocks();
});

describe('RegionPicker', () => {
	it('picks Jawa Tengah → Kabupaten Magelang → Ngablak → a village by typing', async () => {
		const state = render();
		await pick('Provinsi', 'jawa teng', 'Jawa Tengah');
		expect(state.value.provinceCode).toBe('33');
		await pick('Kabupaten/Kota', 'kab magelang', 'Kabupaten Magelang');
		await pick('Kecamatan', 'ngab', 'Ngablak');
		await pick('Desa/Kelurahan', 'ngab', /^Ngablak$/);
		expect(state.value).toMatchObject({
			provinceCode: '33',
			regencyCode: '33.08',
			districtCode: '33.08.17',
			villageName: 'Ngablak'
		});
		expect(state.value.villageCode).toMatch(/^33\.08\.17\.\d{4}$/);
		await expect.element(page.getByRole('combobox', { name: 'Kecamatan' })).toHaveValue('Ngablak');

		// A new province clears everything below it.
		await pick('Provinsi', 'aceh', 'Aceh');
		expect(state.value).toEqual({ ...EMPTY_REGION_SELECTION, provinceCode: '11' });
		await expect.element(page.getByRole('combobox', { name: 'Kecamatan' })).toBeDisabled();
	});

	it('is worked with the arrow keys and Enter', async () => {
		const state = render();
		const input = page.getByRole('combobox', { name: 'Provinsi' });
		await expect.element(input).toBeEnabled();
		await input.fill('papua');
		await expect.element(input).toHaveAttribute('aria-expanded', 'true');
		await userEvent.keyboard('{ArrowDown}{Enter}');
		flushSync();
		// "Papua" itself is first; one down is "Papua Barat".
		expect(state.value.provinceCode).toBe('92');
		await expect.element(input).toHaveValue('Papua Barat');
		await expect.element(input).toHaveAttribute('aria-expanded', 'false');
	});

	it('lets the village be typed when its list is not on the phone and there is no signal', async () => {
		const realFetch = window.fetch.bind(window);
		vi.spyOn(window, 'fetch').mockImplementation((input, init) =>
			String(input).includes('/regions/villages/')
				? Promise.reject(new TypeError('Failed to fetch'))
				: realFetch(input, init)
		);
		const state = render();
		await pick('Provinsi', 'bali', 'Bali');
		await pick('Kabupaten/Kota', 'bangli', 'Kabupaten Bangli');
		await pick('Kecamatan', 'kintamani', 'Kintamani');
		const village = page.getByRole('textbox', { name: 'Desa/Kelurahan' });
		await expect.element(village).toBeVisible();
		await expect
			.element(page.getByText('Daftar desa belum tersimpan di HP — ketik nama desanya'))
			.toBeVisible();
		await village.fill('Batur Selatan ');
		flushSync();
		expect(state.value).toMatchObject({
			districtCode: '51.06.04',
			villageCode: null,
			villageName: 'Batur Selatan'
		});
	});
});
