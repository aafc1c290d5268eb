"""Item models over the store, for the sidebar's lists, registry and pickers.

Each model reads through the :class:`~workbench.core.store.Project` query
methods (never SQL) and has one ``on_change(change)`` handler that re-reads only
when the :class:`~workbench.core.model.Change` touched what it shows. Re-reads
are applied as row inserts, removals and ``dataChanged`` (see :func:`sync_rows`),
never as a reset, so views keep their selection and scroll position.

The models live by what they show; this module gathers them, so that
``from workbench.ui.models import ...`` keeps working:

- :mod:`workbench.ui.model_base`: the roles, row texts, :func:`sync_rows`, :class:`ListModel`;
- :mod:`workbench.ui.article_models`: the current article's claims, denials and mentions;
- :mod:`workbench.ui.project_models`: the actor registry, the claim picker, actor completions.
"""

from __future__ import annotations

from workbench.ui.article_models import ClaimListModel, DenialListModel, MentionTreeModel
from workbench.ui.model_base import (COUNT_ROLE, ID_ROLE, KIND_ROLE, SECONDARY_ROLE, SORT_ROLE, Index, ListModel,
                                     context, counted, quoted, shorten, sync_rows)
from workbench.ui.project_models import (REGISTRY_COLUMNS, ActorCompletionModel, ActorRegistryModel,
                                         ClaimPickerModel, Completion)

__all__ = [
    "COUNT_ROLE", "ID_ROLE", "KIND_ROLE", "SECONDARY_ROLE", "SORT_ROLE", "Index", "ListModel",
    "context", "counted", "quoted", "shorten", "sync_rows",
    "ClaimListModel", "DenialListModel", "MentionTreeModel",
    "REGISTRY_COLUMNS", "ActorCompletionModel", "ActorRegistryModel", "ClaimPickerModel", "Completion",
]
