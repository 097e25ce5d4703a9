/**
 * What a picture was drawn from ("1,826 objects in 2 views of this collection"), and, when the
 * collection is not wholly loaded, a button to load the rest (the collection unfiltered, to the end).
 */
import type { AnalysisScopeT } from '../../../shared/contract/analysis';
import { formatCount } from '../../components/format';

/** The note; see the file comment. */
export function ScopeNote({
  scope,
  loading,
  onLoadWhole,
}: {
  scope: AnalysisScopeT;
  loading: boolean;
  onLoadWhole: () => void;
}) {
  return (
    <p className="scope-note muted small" data-testid="scope-note">
      Drawn from {formatCount(scope.objects)} loaded objects
      {scope.views > 1 ? ` in ${scope.views} views of this collection` : ''}
      {scope.complete ? ' (the whole collection).' : '; more may be on the server.'}
      {!scope.complete && (
        <>
          {' '}
          <button type="button" className="btn tiny" disabled={loading} onClick={onLoadWhole}>
            {loading ? 'Loading the whole collection…' : 'Load the whole collection'}
          </button>
        </>
      )}
    </p>
  );
}
