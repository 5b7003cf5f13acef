"""The intake service: residents' questions and page ratings, sent from the communes' portals.

A static portal cannot receive anything; the province runs this one small service for all its
communes (`congkhai intake serve`). Staff turn new questions into hoi-dap drafts
(`congkhai intake export`) and rating counts into a file the build reads (`congkhai intake
ratings`).
"""
