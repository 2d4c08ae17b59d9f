"""The "About these exercises" page and the one-line disclaimer, as plain text.

The advice here is the seed Q&A's [W1], repeated as information from that source (the same
content, with source keys, is docs/about.md). It is never spoken in a routine: the
routines play the exercises; caffeine, supplements and when to see a doctor live only here.
Paragraphs are separated by a blank line and each holds one line, so the screen that shows
the page can wrap them to its width. Pure data, no I/O.
"""

from __future__ import annotations

DISCLAIMER = "Relaxation practice, not medical advice."

ABOUT_TEXT = """\
About these exercises

unclench plays three kinds of relaxation practice: paced breathing (among them the \
relaxing breath, 4-7-8), progressive muscle relaxation, and slow stretching. They are \
relaxation practice. They are not medical advice, and they promise nothing.

Where the idea comes from

The exercises come from a question-and-answer column on muscle twitching (fasciculation) \
on drweil.com, "Tormented by Twitching?" (2007). What follows is what that column says, \
repeated here as information from the source.

• Muscle twitching is usually harmless. It can last for weeks or months.
• It is most common at the eyelid, the calf and the thumb.
• Fatigue, hard exercise, eyestrain, stress, caffeine and some drugs can make it worse.

The column suggests:

• Less caffeine.
• The relaxing breath, progressive relaxation, or massage.
• Slow stretching.
• Magnesium: start with 200 mg a day and work up toward 500 mg; keep calcium to magnesium \
at about 2:1.
• Seeing a neurologist if nothing helps.

unclench plays only the exercises. The rest is the column's advice, not ours, and not \
medical advice: ask a doctor or pharmacist before you take a supplement, and see a doctor \
about any twitching that worries you.

How the routines are built

The relaxing breath follows Andrew Weil's instructions (in 4, hold 7, out 8; the ratio \
matters, not the speed; 4 breaths at first, at most 8). Progressive muscle relaxation \
follows the shortened clinical form of Bernstein and Borkovec: tense 5 to 7 seconds, \
release 30 to 40 seconds. The 7-group order comes from a client handout; the 16-group \
list is a common one that we have not verified as a clinical standard. The stretches are \
held 10 to 30 seconds, to mild tightness and never to pain, breathing freely. Eye palming \
is for relaxation only. Cyclic sighing follows the study by Balban and colleagues (2023): \
a breath in through the nose, a short second breath in on top, then a long, slow breath \
out through the mouth, for about 5 minutes. Box, coherent and longer-out-breath breathing \
are presets that people often ask for; their sources are named in each routine.

Each routine lists its sources and its cautions before it starts. Stop any exercise that \
hurts or makes you dizzy.
"""
