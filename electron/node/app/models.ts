/** Model services (catalog, downloads, import): typed in the contract, to be filled by the models work. */
import type { ModelsServices } from '../../common/contract/models.ts';
import { notAvailable, type AppContext } from './context.ts';

export function modelsServices(_context: AppContext): ModelsServices {
  const later = async () => notAvailable('The model manager');
  return {
    listModels: later,
    downloadModel: later,
    cancelDownload: later,
    importModel: later,
    selectModel: later,
  };
}
