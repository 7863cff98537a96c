import { jakartaDay } from '$lib/domain/dates';
import {
	checkEligibility,
	isEditable,
	isEligible,
	mergeFields,
	type FinancingApplication,
	type FinancingFieldName
} from '$lib/domain/financing';
import { knownLenders } from '../../lenders';
import { actor, LocalChangeError, type LocalHandlers } from './shared';

/** The KUR application on the phone. */
export const financingLocal: LocalHandlers<'financing.patch' | 'financing.submit'> = {
	'financing.patch': {
		stamps: 'financing',
		async apply({ db, space, at }, { id, fields }) {
			const existing = await db.financing.get(id);
			if (existing && existing.spaceId !== space) throw new LocalChangeError('err.financing_missing');
			if (existing && !isEditable(existing.status)) throw new LocalChangeError('err.financing_frozen');
			const by = await actor(db);
			const fieldChanges = { ...existing?.fieldChanges };
			for (const [field, value] of Object.entries(fields)) {
				if (value !== undefined) fieldChanges[field as FinancingFieldName] = { by, at };
			}
			const application: FinancingApplication = existing
				? { ...existing, fields: mergeFields(existing.fields, fields), fieldChanges, updatedAt: at }
				: {
						id,
						spaceId: space,
						status: 'draft',
						fields: mergeFields({}, fields),
						fieldChanges,
						ratePercent: null,
						salesRecord: null,
						submittedAt: null,
						decisions: [],
						version: 0,
						createdAt: at,
						updatedAt: at
					};
			await db.financing.put(application);
			return id;
		}
	},

	'financing.submit': {
		stamps: 'financing',
		async apply({ db, space, at }, { id }) {
			const application = await db.financing.get(id);
			if (!application || application.spaceId !== space) throw new LocalChangeError('err.financing_missing');
			if (!isEditable(application.status)) throw new LocalChangeError('err.financing_frozen');
			// The server checks again (and has the last word); the phone refuses what it already knows fails.
			// A lender missing from the phone's list may be one it has not heard of yet: the server decides.
			const lender = (await knownLenders(db))?.find((known) => known.id === application.fields.lenderId);
			if (!isEligible(checkEligibility(application.fields, jakartaDay(at), lender ? [lender] : undefined))) {
				throw new LocalChangeError('err.financing_not_eligible');
			}
			await db.financing.put({ ...application, status: 'submitted', submittedAt: at, updatedAt: at });
			return id;
		}
	}
};
