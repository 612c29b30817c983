"""The plan as data: YAML loaded with positions, validated by the model, checked across fields,
its annex tables (declared or of a built-in kind) computed and its figures named (`build.Plan`);
values rewritten in the plan's YAML text in place (`yamledit`).

Knows nothing of Word. Imports only docgen.base.
"""
