/** One side of a comparison: a connection, one of its API roots, and one of its collections. */
import { CollectionPicker, type CollectionPick } from '../../components/collection-picker';

/** The three selects for one side (`side` names it in every label: "Collection A"). */
export function ComparePicker({
  side,
  pick,
  disabled,
  onChange,
}: {
  side: 'A' | 'B';
  pick: CollectionPick;
  disabled: boolean;
  onChange: (p: CollectionPick) => void;
}) {
  return (
    <fieldset className="compare-side" data-testid={`compare-side-${side.toLowerCase()}`}>
      <legend>Collection {side}</legend>
      <CollectionPicker
        idPrefix={`cmp-${side.toLowerCase()}`}
        labels={{
          connection: `Connection ${side}`,
          apiRoot: `API root ${side}`,
          collection: `Collection ${side}`,
        }}
        pick={pick}
        disabled={disabled}
        onChange={onChange}
        collectionOption={(c) => ({
          show: true,
          ...(c.can_read ? {} : { note: '(cannot be read)' }),
        })}
      />
    </fieldset>
  );
}
