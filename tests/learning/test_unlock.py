"""The unlock service: rules one by one, then a property test over generated courses and progress."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from learning import unlock
from learning.unlock import Code, LessonNode, Locks, ModuleNode, Progress

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def course(*modules):
    return list(modules)


def test_a_course_without_milestones_is_open_throughout():
    modules = course(ModuleNode(1, "M1", (LessonNode(1, "a"), LessonNode(2, "b"))))
    outcome = unlock.evaluate(modules=modules, progress=Progress(), now=NOW, self_paced=True)
    assert all(d.open for d in outcome.lessons.values())


def test_a_quiz_milestone_closes_every_later_lesson_until_passed():
    modules = course(
        ModuleNode(1, "M1", (LessonNode(1, "a", quiz_id=9, quiz_title="Q"), LessonNode(2, "b"))),
        ModuleNode(2, "M2", (LessonNode(3, "c"),)),
    )
    outcome = unlock.evaluate(modules=modules, progress=Progress(), now=NOW, self_paced=True)
    assert outcome.lessons[1].open and outcome.quizzes[9].open
    assert not outcome.lessons[2].open and outcome.lessons[2].code == Code.MILESTONE_QUIZ
    assert "Q" in outcome.lessons[2].reason and not outcome.lessons[3].open
    assert outcome.next_milestone.quiz_id == 9
    passed = unlock.evaluate(
        modules=modules, progress=Progress(passed_quizzes=frozenset({9})), now=NOW, self_paced=True
    )
    assert passed.lessons[2].open and passed.lessons[3].open and passed.next_milestone is None


def test_must_complete_lesson_blocks_until_completed():
    modules = course(ModuleNode(1, "M1", (LessonNode(1, "a", must_complete=True), LessonNode(2, "b"))))
    closed = unlock.evaluate(modules=modules, progress=Progress(), now=NOW, self_paced=True)
    assert closed.lessons[2].code == Code.MILESTONE_LESSON
    opened = unlock.evaluate(modules=modules, progress=Progress(frozenset({1})), now=NOW, self_paced=True)
    assert opened.lessons[2].open


def test_sequence_module_waits_for_the_previous_module_and_its_quiz():
    modules = course(
        ModuleNode(1, "M1", (LessonNode(1, "a"),), quiz_id=5, quiz_title="End of M1"),
        ModuleNode(2, "M2", (LessonNode(2, "b"),), rule="sequence"),
    )
    assert unlock.evaluate(modules=modules, progress=Progress(frozenset({1})), now=NOW, self_paced=True).lessons[
        2
    ].code in (Code.SEQUENCE, Code.MILESTONE_QUIZ)
    done = Progress(frozenset({1}), frozenset({5}))
    assert unlock.evaluate(modules=modules, progress=done, now=NOW, self_paced=True).lessons[2].open


def test_drip_module_opens_on_its_date():
    modules = course(ModuleNode(1, "M1", (LessonNode(1, "a"),), rule="date", opens_at=NOW + timedelta(days=1)))
    before = unlock.evaluate(modules=modules, progress=Progress(), now=NOW, self_paced=True)
    assert before.lessons[1].code == Code.DATE
    after = unlock.evaluate(modules=modules, progress=Progress(), now=NOW + timedelta(days=2), self_paced=True)
    assert after.lessons[1].open


def test_live_courses_have_no_self_paced_unlocks_but_admin_locks_apply():
    modules = course(
        ModuleNode(1, "M1", (LessonNode(1, "a", quiz_id=3), LessonNode(2, "b"))),
    )
    outcome = unlock.evaluate(modules=modules, progress=Progress(), now=NOW, self_paced=False)
    assert outcome.lessons[2].open and outcome.next_milestone is None
    locked = unlock.evaluate(
        modules=modules,
        progress=Progress(),
        now=NOW,
        self_paced=False,
        locks=Locks(lesson_reasons={2: "Being re-recorded"}),
    )
    assert locked.lessons[2].code == Code.LOCKED_BY_ADMIN and "Being re-recorded" in locked.lessons[2].reason


def test_global_and_course_locks_close_every_lesson():
    modules = course(ModuleNode(1, "M1", (LessonNode(1, "a"),)))
    for locks in (Locks(global_reason="Maintenance"), Locks(course_reason="Under review")):
        assert (
            not unlock.evaluate(modules=modules, progress=Progress(), now=NOW, self_paced=True, locks=locks)
            .lessons[1]
            .open
        )


# --- property: never open a lesson whose prerequisites are unmet ---------------------------------------

lesson_flags = st.tuples(st.booleans(), st.booleans(), st.booleans())  # required, must_complete, has quiz
module_shapes = st.lists(
    st.tuples(
        st.sampled_from(["open", "sequence", "date"]),
        st.booleans(),
        st.integers(-3, 3),
        st.lists(lesson_flags, min_size=0, max_size=4),
    ),
    min_size=1,
    max_size=5,
)


def build(shapes):
    modules, lesson_id, quiz_id = [], 0, 100
    for index, (rule, module_quiz, day_offset, lessons) in enumerate(shapes):
        nodes = []
        for required, must_complete, has_quiz in lessons:
            lesson_id += 1
            quiz = None
            if has_quiz:
                quiz_id += 1
                quiz = quiz_id
            nodes.append(LessonNode(lesson_id, f"L{lesson_id}", required, must_complete, quiz, f"Q{quiz}"))
        mq = None
        if module_quiz:
            quiz_id += 1
            mq = quiz_id
        modules.append(
            ModuleNode(index + 1, f"M{index}", tuple(nodes), rule, NOW + timedelta(days=day_offset), mq, f"Q{mq}")
        )
    return modules


def prerequisites_met(modules, target_module_index, target_lesson_index, progress):
    """The specification, written independently: every earlier milestone met, module gates passed."""
    target_module = modules[target_module_index]
    if target_module.rule == "date" and target_module.opens_at > NOW:
        return False
    if target_module.rule == "sequence" and target_module_index > 0:
        previous = modules[target_module_index - 1]
        if not all(x.id in progress.completed_lessons for x in previous.lessons if x.required):
            return False
        if previous.quiz_id and previous.quiz_id not in progress.passed_quizzes:
            return False
    for m_index, module in enumerate(modules[: target_module_index + 1]):
        lessons = module.lessons if m_index < target_module_index else module.lessons[:target_lesson_index]
        for lesson in lessons:
            if lesson.must_complete and lesson.id not in progress.completed_lessons:
                return False
            if lesson.quiz_id and lesson.quiz_id not in progress.passed_quizzes:
                return False
        if m_index < target_module_index and module.quiz_id and module.quiz_id not in progress.passed_quizzes:
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(shapes=module_shapes, data=st.data())
def test_unlock_never_opens_a_lesson_whose_prerequisites_are_unmet(shapes, data):
    modules = build(shapes)
    lesson_ids = [x.id for m in modules for x in m.lessons]
    quiz_ids = [q for m in modules for q in [m.quiz_id, *[x.quiz_id for x in m.lessons]] if q]
    progress = Progress(
        frozenset(data.draw(st.sets(st.sampled_from(lesson_ids)) if lesson_ids else st.just(set()))),
        frozenset(data.draw(st.sets(st.sampled_from(quiz_ids)) if quiz_ids else st.just(set()))),
    )
    outcome = unlock.evaluate(modules=modules, progress=progress, now=NOW, self_paced=True)
    for m_index, module in enumerate(modules):
        for l_index, lesson in enumerate(module.lessons):
            decision = outcome.lessons[lesson.id]
            expected = prerequisites_met(modules, m_index, l_index, progress)
            assert decision.open == expected, (m_index, l_index, decision)
            if not decision.open:
                assert decision.reason  # a closed lesson always says why
