"""A whole record as JSON, for the clinic to download: everything it holds about one request."""

from __future__ import annotations

from typing import Any

from wholechild.care.models import EvaluationRequest, Goal, Plan


def when(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def export_data(evaluation: EvaluationRequest) -> dict[str, Any]:
    """Everything the clinic holds about one request, for a download."""
    plan = Plan.objects.filter(request=evaluation).first()
    goals = plan.goals.prefetch_related("progress") if plan is not None else Goal.objects.none()
    return {
        "reference": evaluation.reference,
        "received_at": when(evaluation.created_at),
        "source": evaluation.source,
        "status": evaluation.status,
        "status_changed_at": when(evaluation.status_changed_at),
        "closed_reason": evaluation.closed_reason,
        "urgency": evaluation.urgency,
        "recommended": evaluation.recommended,
        "contact": {
            "parent_name": evaluation.parent_name,
            "email": evaluation.email,
            "phone": evaluation.phone,
            "preferred_language": evaluation.preferred_language,
            "best_time_to_call": evaluation.best_time_to_call,
            "consent_at": when(evaluation.consent_at),
        },
        "child": {
            "first_name": evaluation.child_first_name,
            "birth_date": when(evaluation.child_birth_date),
        },
        "assigned": {
            "pt": evaluation.pt_evaluator.get_username() if evaluation.pt_evaluator else None,
            "ot": evaluation.ot_evaluator.get_username() if evaluation.ot_evaluator else None,
        },
        "screening": {
            "content_version": evaluation.content_version,
            "request": evaluation.screening_request,
            "answer": evaluation.screening_answer,
        },
        "history": [
            {
                "from": change.from_status,
                "to": change.to_status,
                "reason": change.reason,
                "by": change.by_name,
                "at": when(change.at),
            }
            for change in evaluation.history.all()
        ],
        "notes": [
            {"text": note.text, "by": note.author_name, "at": when(note.at)}
            for note in evaluation.notes.all()
        ],
        "plan": None
        if plan is None
        else {
            "created_at": when(plan.created_at),
            "goals": [
                {
                    "discipline": goal.discipline,
                    "goal": goal.text,
                    "baseline": goal.baseline,
                    "measure": goal.measure,
                    "target_date": when(goal.target_date),
                    "state": goal.state,
                    "progress": [
                        {
                            "gas_score": entry.gas_score,
                            "note": entry.note,
                            "by": entry.by_name,
                            "at": when(entry.at),
                        }
                        for entry in goal.progress.all()
                    ],
                }
                for goal in goals
            ],
        },
    }
